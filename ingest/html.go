package ingest

import (
	"bytes"
	"net/url"
	"strings"
	"unicode/utf8"

	trafilatura "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"

	"whosaid"
)

// htmlFile reads an HTML page from a file; its ID is the file's base name.
func (r *reader) htmlFile(path string) error {
	b, err := readFileCapped(path, r.opts.MaxBytes)
	if err != nil {
		return r.fail(path, err)
	}
	a, err := parseHTML(path, b, "", "")
	if err != nil {
		return r.fail(path, err)
	}
	a.ID = baseID(path)
	return r.article(path, a)
}

// parseHTML reads an article from an HTML page: the main text as
// paragraphs separated by blank lines, and title, author, site name,
// language and publication date, through go-trafilatura. pageURL and
// contentType are what the transport said, if anything (a WARC record, a
// fetch); the article's URL is pageURL, else the page's canonical URL.
func parseHTML(origin string, body []byte, pageURL, contentType string) (whosaid.Article, error) {
	doc, err := html.Parse(bytes.NewReader(toUTF8(body, contentType)))
	if err != nil {
		return whosaid.Article{}, wrapf(origin, err, "parse HTML")
	}
	published := metaPublished(doc)
	stripAds(doc)
	if paras, size := paragraphLoad(doc); paras*size > maxExtractLoad {
		return whosaid.Article{}, invalidf(origin, "page too large to extract: %d paragraphs holding %d bytes of text", paras, size)
	}

	opts := trafilatura.Options{ExcludeComments: true}
	if u, err := url.Parse(pageURL); err == nil && u.Host != "" {
		opts.OriginalURL = u
	}
	var res *trafilatura.ExtractResult
	err = guard("trafilatura", func() (err error) {
		res, err = trafilatura.ExtractDocument(doc, opts)
		return err
	})
	if err != nil {
		return whosaid.Article{}, invalidf(origin, "no article text found in the HTML (%v)", err)
	}
	text := paragraphs(res.ContentNode)
	if !hasLetter(text) {
		return whosaid.Article{}, invalidf(origin, "no article text found in the HTML")
	}
	if i := binaryOffset(text); i >= 0 {
		return whosaid.Article{}, invalidf(origin, "binary data, not an HTML page (control byte 0x%02x)", text[i])
	}
	m := res.Metadata
	text = dropTitle(text, m.Title)
	if published.IsZero() && !m.Date.IsZero() {
		y, mo, d := m.Date.Date()
		published = dayOf(y, mo, d)
	}
	a := whosaid.Article{
		URL:       pageURL,
		Title:     cleanSpace(m.Title),
		Author:    cleanSpace(m.Author),
		Outlet:    cleanSpace(m.Sitename),
		Language:  m.Language,
		Published: published,
		Text:      text,
	}
	if a.URL == "" {
		a.URL = m.URL
	}
	return a, nil
}

// maxExtractLoad bounds paragraphs × bytes of paragraph text of a page
// handed to trafilatura. Its content check appends the text of every <p>
// to one string in turn, which allocates paragraphs × text bytes / 2: a
// 1.5 MB page of 6,000 paragraphs costs 5.8 GB of allocation and four
// seconds. A long feature (600 paragraphs, 800 KB) stays under this bound;
// pages beyond it are reported instead of exhausting memory.
const maxExtractLoad = 1 << 29

// paragraphLoad counts the <p> elements of a page and the bytes of text
// they hold.
func paragraphLoad(doc *html.Node) (paras, size int) {
	var walk func(n *html.Node, inP bool)
	walk = func(n *html.Node, inP bool) {
		switch {
		case n.Type == html.TextNode && inP:
			size += len(n.Data)
		case n.Type == html.ElementNode && n.DataAtom == atom.P:
			paras++
			inP = true
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inP)
		}
	}
	walk(doc, false)
	return paras, size
}

// dropTitle removes the text's first paragraph when it is the headline:
// the title is kept in Article.Title, and a headline repeated in the text
// would read as the article's first sentence.
func dropTitle(text, title string) string {
	first, rest, ok := strings.Cut(text, "\n\n")
	if ok && title != "" && StatementKey(first) == StatementKey(title) {
		return rest
	}
	return text
}

// toUTF8 converts a page to UTF-8. A page that already is valid UTF-8 is
// taken as such whatever it declares (the common mislabelling is a UTF-8
// page declared Latin-1, and the HTML5 default of windows-1252 for
// undeclared pages would garble UTF-8 curly quotes); otherwise the BOM, the
// Content-Type and the <meta charset> decide.
func toUTF8(b []byte, contentType string) []byte {
	if utf8.Valid(b) {
		return b
	}
	enc, _, _ := charset.DetermineEncoding(b, contentType)
	out, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		return bytes.ToValidUTF8(b, []byte("\uFFFD"))
	}
	return out
}
