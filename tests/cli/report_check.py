#!/usr/bin/env python3
"""tests/cli/report_check.py - checks of a report's index.html for tests/cli/cases/report.sh.

  report_check.py static INDEX.html
      strict parse with xmllint: as XML (the page is written well-formed: every
      element closed) and as HTML (errors other than libxml2 2.9's "Tag X
      invalid" for the HTML5/SVG elements below fail); then no <script>, no
      event-handler attribute, no external URL in src/href/xlink:href/url(),
      no @import.  Prints problems, exits 1 if any.

  report_check.py dom DUMP.html [--text S]... [--min-svg N] [--no-element TAG]...
      a Chromium --dump-dom: each S must occur in the page's text (not only in
      markup), at least N <svg> elements must be there, and no TAG element.
"""
import re
import subprocess
import sys
from html.parser import HTMLParser

# Elements libxml2 2.9's HTML 4 parser does not know; "Tag X invalid" for
# these is not an error in the page.
HTML5 = {
    "nav", "main", "section", "header", "footer", "figure", "figcaption", "mark", "svg",
    "defs", "pattern", "rect", "circle", "path", "line", "text", "g", "title", "details",
    "summary", "article", "aside", "time",
}


class Collect(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []          # (tag, attrs)
        self.text = []
        self.stack = []
        self.in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))
        self.in_style = tag == "style"

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_endtag(self, tag):
        if tag == "style":
            self.in_style = False

    def handle_data(self, data):
        if not self.in_style:
            self.text.append(data)


def parse(path):
    with open(path, encoding="utf-8") as f:
        src = f.read()
    c = Collect()
    c.feed(src)
    c.close()
    return src, c


def static(path):
    problems = []
    x = subprocess.run(["xmllint", "--noout", path], capture_output=True, text=True, errors="replace")
    if x.returncode != 0 or x.stderr.strip():
        problems.append("not well-formed XML:\n" + x.stderr[:2000])
    h = subprocess.run(["xmllint", "--html", "--noout", path], capture_output=True, text=True, errors="replace")
    for line in h.stderr.splitlines():
        m = re.search(r"HTML parser error : (.*)", line)
        if not m:
            continue
        t = re.match(r"Tag (\S+) invalid", m.group(1))
        if t and t.group(1).lower() in HTML5:
            continue
        problems.append("xmllint --html: " + m.group(1))
    src, c = parse(path)
    for tag, attrs in c.tags:
        if tag in ("script", "iframe", "object", "embed", "img", "link", "base"):
            problems.append("element <%s> present" % tag)
        for k, v in attrs:
            if k.startswith("on"):
                problems.append("event handler attribute %s on <%s>" % (k, tag))
            if k in ("src", "href", "xlink:href", "action", "data") and v and \
                    re.match(r"\s*(https?:|//|javascript:|data:)", v, re.I):
                problems.append("external or active URL in %s=%r on <%s>" % (k, v, tag))
    if re.search(r"url\(\s*['\"]?\s*(https?:|//)", src, re.I):
        problems.append("external url() in CSS or SVG")
    if re.search(r"@import", src, re.I):
        problems.append("@import in CSS")
    return problems


def dom(path, texts, min_svg, banned):
    problems = []
    src, c = parse(path)
    text = " ".join(c.text)
    text = re.sub(r"\s+", " ", text)
    for s in texts:
        if s not in text:
            problems.append("text not in the rendered page: %r" % s)
    n_svg = sum(1 for t, _ in c.tags if t == "svg")
    if n_svg < min_svg:
        problems.append("%d <svg> elements, expected at least %d" % (n_svg, min_svg))
    for b in banned:
        if any(t == b for t, _ in c.tags):
            problems.append("a <%s> element is in the rendered page" % b)
    return problems


def main(argv):
    if len(argv) < 3 or argv[1] not in ("static", "dom"):
        print(__doc__)
        return 2
    if argv[1] == "static":
        problems = static(argv[2])
    else:
        texts, banned, min_svg = [], [], 0
        i = 3
        while i < len(argv):
            if argv[i] == "--text":
                texts.append(argv[i + 1])
            elif argv[i] == "--min-svg":
                min_svg = int(argv[i + 1])
            elif argv[i] == "--no-element":
                banned.append(argv[i + 1])
            else:
                print("unknown argument " + argv[i])
                return 2
            i += 2
        problems = dom(argv[2], texts, min_svg, banned)
    for p in problems:
        print("report_check: " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
