[utf8]
ok
bad ÿ byte
