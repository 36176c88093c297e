package http

import (
	"strings"
	"time"

	"github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"

	"whosaid"
)

// htmlArticle reads the main text and metadata of an HTML page with
// go-trafilatura. Paragraphs come from the content tree, one per block,
// because the library's ContentText flattens them to one line. The page is
// never fetched from anywhere: only what the client sent is read.
func htmlArticle(page string) (whosaid.Article, error) {
	res, err := trafilatura.Extract(strings.NewReader(page), trafilatura.Options{})
	if err != nil || res == nil || res.ContentNode == nil {
		return whosaid.Article{}, whosaid.Errorf(whosaid.EINVALID, "html: no article text found in the page")
	}
	var paras []string
	collectBlocks(res.ContentNode, &paras)
	text := strings.Join(paras, "\n\n")
	if strings.TrimSpace(text) == "" {
		text = strings.TrimSpace(res.ContentText)
	}
	if text == "" {
		return whosaid.Article{}, whosaid.Errorf(whosaid.EINVALID, "html: no article text found in the page")
	}
	m := res.Metadata
	a := whosaid.Article{
		URL:      m.URL,
		Title:    m.Title,
		Author:   m.Author,
		Outlet:   m.Sitename,
		Language: m.Language,
		Text:     text,
	}
	if !m.Date.IsZero() {
		y, mo, d := m.Date.Date()
		a.Published = whosaid.Date{Time: time.Date(y, mo, d, 0, 0, 0, 0, time.UTC)}
	}
	return a, nil
}

// blockTags end a paragraph in the content tree.
func isBlock(tag string) bool {
	switch tag {
	case "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "div", "td", "dd", "dt":
		return true
	}
	return false
}

// collectBlocks appends the text of each block element under n as one
// paragraph, with white space collapsed.
func collectBlocks(n *html.Node, out *[]string) {
	var cur strings.Builder
	var walk func(*html.Node)
	flush := func() {
		if p := strings.Join(strings.Fields(cur.String()), " "); p != "" {
			*out = append(*out, p)
		}
		cur.Reset()
	}
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			cur.WriteString(n.Data)
			return
		case html.ElementNode:
			if n.Data == "br" {
				cur.WriteByte(' ')
			}
			if isBlock(n.Data) {
				flush()
				defer flush()
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	flush()
}
