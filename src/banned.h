/*
 * banned.h - functions slant does not call (git: banned.h).  Include it last
 * in a .c file; `make test` also greps src/ for them, so a use anywhere fails.
 */
#ifndef SLANT_BANNED_H
#define SLANT_BANNED_H

#define SLANT_BANNED_(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) SLANT_BANNED_(strcpy)
#undef strcat
#define strcat(x, y) SLANT_BANNED_(strcat)
#undef strncpy
#define strncpy(x, y, n) SLANT_BANNED_(strncpy)
#undef sprintf
#define sprintf(...) SLANT_BANNED_(sprintf)
#undef vsprintf
#define vsprintf(...) SLANT_BANNED_(vsprintf)
#undef strtok
#define strtok(x, y) SLANT_BANNED_(strtok)
#undef atoi
#define atoi(x) SLANT_BANNED_(atoi)
#undef atol
#define atol(x) SLANT_BANNED_(atol)
#undef gets
#define gets(x) SLANT_BANNED_(gets)

#endif
