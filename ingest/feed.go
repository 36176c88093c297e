package ingest

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"

	"whosaid"
)

// minFullContent is the length (in characters of text) from which an
// item's content:encoded (or Atom content) is taken as the full article
// instead of fetching its link: summaries and teasers are shorter.
const minFullContent = 500

// feedAccept is the Accept header sent for feeds.
const feedAccept = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1"

// feedURL fetches and reads a feed given by URL.
func (r *reader) feedURL(ctx context.Context, u string) error {
	body, _, final, err := r.fetch(ctx, u, feedAccept)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return r.fail(u, wrapf(u, err, "fetch feed"))
	}
	return r.feed(ctx, u, final, body)
}

// feedFile reads a feed from a file.
func (r *reader) feedFile(ctx context.Context, path string) error {
	body, err := readFileCapped(path, r.opts.MaxBytes)
	if err != nil {
		return r.fail(path, err)
	}
	return r.feed(ctx, path, "", body)
}

// feed reads the items of an RSS or Atom feed. name is the feed in
// messages; base resolves relative item links (the feed's URL, if any).
func (r *reader) feed(ctx context.Context, name, base string, body []byte) error {
	var f *gofeed.Feed
	err := guard("gofeed", func() (err error) {
		f, err = gofeed.NewParser().Parse(bytes.NewReader(body))
		return err
	})
	if err != nil {
		return r.fail(name, wrapf(name, err, "not a readable RSS/Atom feed"))
	}
	if base == "" {
		base = f.Link
	}
	for i, it := range f.Items {
		if err := ctx.Err(); err != nil {
			return err
		}
		if it == nil {
			continue
		}
		origin := fmt.Sprintf("%s: item %d", name, i+1)
		link := resolveLink(base, strings.TrimSpace(it.Link))
		if link != "" {
			origin += " (" + link + ")"
		}
		a, err := r.feedItem(ctx, origin, link, it)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if err := r.fail(origin, err); err != nil {
				return err
			}
			continue
		}
		fillFromFeed(&a, f, it, link)
		if err := r.article(origin, a); err != nil {
			return err
		}
	}
	return nil
}

// feedItem reads the article of one item: its full content when the feed
// carries it, else the page its link points to. A failed fetch is an
// error naming the link; the item's summary is not passed off as the
// article.
func (r *reader) feedItem(ctx context.Context, origin, link string, it *gofeed.Item) (whosaid.Article, error) {
	if text := fragmentText(it.Content); utf8.RuneCountInString(text) >= minFullContent || link == "" && text != "" {
		return whosaid.Article{Text: text}, nil
	}
	if link == "" {
		if text := fragmentText(it.Description); text != "" {
			return whosaid.Article{Text: text}, nil
		}
		return whosaid.Article{}, invalidf(origin, "item has no link and no content")
	}
	body, ctype, final, err := r.fetch(ctx, link, "text/html, application/xhtml+xml;q=0.9, */*;q=0.1")
	if err != nil {
		return whosaid.Article{}, wrapf(origin, err, "fetch %s", link)
	}
	if !isHTMLType(ctype) {
		return whosaid.Article{}, invalidf(origin, "%s is %q, not an HTML page", link, ctype)
	}
	return parseHTML(origin, body, final, ctype)
}

// fillFromFeed completes an item's article from the item and the feed:
// the item's link, title, authors and date win over the page's (they are
// the publisher's own metadata, without page boilerplate); the feed's
// author, title and language fill what is still missing. An Atom feed's
// author is not copied to its entries by gofeed, hence the fallback.
func fillFromFeed(a *whosaid.Article, f *gofeed.Feed, it *gofeed.Item, link string) {
	override(&a.URL, link)
	override(&a.Title, cleanSpace(it.Title))
	override(&a.Author, personNames(it.Authors))
	if a.Author == "" {
		a.Author = personNames(f.Authors)
	}
	if a.Outlet == "" {
		a.Outlet = cleanSpace(f.Title)
	}
	if a.Language == "" {
		a.Language = f.Language
	}
	if d, ok := itemDay(it); ok {
		a.Published = d
	}
	switch {
	case it.GUID != "":
		a.ID = it.GUID
	case a.URL != "":
		a.ID = a.URL
	default:
		a.ID = contentID(*a)
	}
}

// itemDay is an item's publication day as written in the feed (keeping the
// feed's zone, which gofeed's parsed UTC times lose), else as parsed.
func itemDay(it *gofeed.Item) (whosaid.Date, bool) {
	for _, s := range []string{it.Published, it.Updated} {
		if d, ok := parseDay(s); ok {
			return d, true
		}
	}
	for _, t := range []*time.Time{it.PublishedParsed, it.UpdatedParsed} {
		if t != nil && !t.IsZero() {
			return dayOf(t.Date()), true
		}
	}
	return whosaid.Date{}, false
}

// personNames joins the names of feed persons.
func personNames(ps []*gofeed.Person) string {
	var names []string
	for _, p := range ps {
		if p != nil && strings.TrimSpace(p.Name) != "" {
			names = append(names, cleanSpace(p.Name))
		}
	}
	return strings.Join(names, ", ")
}

// resolveLink resolves an item link against the feed's URL.
func resolveLink(base, link string) string {
	if link == "" || base == "" {
		return link
	}
	b, err := url.Parse(base)
	if err != nil {
		return link
	}
	l, err := url.Parse(link)
	if err != nil {
		return link
	}
	return b.ResolveReference(l).String()
}

// fragmentText renders an HTML fragment (feed content) as paragraphs,
// without ads; "" when it holds no text (no letters, or binary junk).
func fragmentText(s string) string {
	if strings.TrimSpace(s) == "" {
		return ""
	}
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		return ""
	}
	stripAds(doc)
	text := paragraphs(doc)
	if !hasLetter(text) || binaryOffset(text) >= 0 {
		return ""
	}
	return text
}
