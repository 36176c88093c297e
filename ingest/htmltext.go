package ingest

import (
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// blockTags start and end a paragraph in the extracted text.
var blockTags = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.H1: true, atom.H2: true, atom.H3: true,
	atom.H4: true, atom.H5: true, atom.H6: true, atom.Li: true, atom.Ul: true,
	atom.Ol: true, atom.Blockquote: true, atom.Pre: true, atom.Table: true,
	atom.Tr: true, atom.Section: true, atom.Article: true, atom.Header: true,
	atom.Footer: true, atom.Figure: true, atom.Figcaption: true, atom.Dl: true,
	atom.Dt: true, atom.Dd: true, atom.Hr: true, atom.Br: true, atom.Main: true,
	atom.Aside: true, atom.Address: true, atom.Body: true, atom.Caption: true,
}

// paragraphs renders the text of n as paragraphs joined by blank lines:
// every block element (and <br>) ends a paragraph, whitespace inside a
// paragraph collapses to single spaces. trafilatura's ContentText flattens
// everything onto one line, which loses the paragraph structure the
// extractor uses.
func paragraphs(n *html.Node) string {
	if n == nil {
		return ""
	}
	var paras []string
	var cur strings.Builder
	flush := func() {
		if p := cleanSpace(cur.String()); p != "" {
			paras = append(paras, p)
		}
		cur.Reset()
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			cur.WriteString(n.Data)
			return
		case html.ElementNode:
			switch n.DataAtom {
			case atom.Script, atom.Style, atom.Noscript, atom.Template:
				return
			case atom.Td, atom.Th:
				cur.WriteByte(' ')
			}
		}
		block := n.Type == html.ElementNode && (blockTags[n.DataAtom] || !isKnownInline(n))
		if block {
			flush()
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if block {
			flush()
		}
	}
	walk(n)
	flush()
	return strings.Join(paras, "\n\n")
}

// isKnownInline reports whether n is an inline element. trafilatura's
// output uses a few tags of its own ("head", "list", "item", "quote",
// "lb"); those unknown to the HTML atom table count as blocks.
func isKnownInline(n *html.Node) bool {
	switch n.Data {
	case "head", "list", "item", "quote", "lb", "row", "cell", "graphic":
		return false
	}
	return n.DataAtom != 0
}

// hasLetter reports whether s contains a letter: text without any is not
// an article.
func hasLetter(s string) bool {
	return strings.IndexFunc(s, unicode.IsLetter) >= 0
}

// cleanSpace collapses every run of white space to one space and trims.
func cleanSpace(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
