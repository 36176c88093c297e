package ingest

import (
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"whosaid"
)

// publishedKeys are the <meta> names and properties that carry the
// publication time, most trusted first. trafilatura finds a date too, but
// drops its time and zone, so a late-evening story can shift a day; the
// article:published_time written by the publisher is kept in its own zone.
var publishedKeys = []string{
	"article:published_time", "og:article:published_time", "datepublished",
	"parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.issued",
	"publishdate", "pubdate", "dc.date",
}

// metaPublished returns the publication day the page's meta tags (or a
// <time itemprop="datePublished">) declare, or the zero Date.
func metaPublished(doc *html.Node) whosaid.Date {
	found := map[string]string{}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Meta:
				key := strings.ToLower(attr(n, "property"))
				if key == "" {
					key = strings.ToLower(attr(n, "name"))
				}
				if key == "" {
					key = strings.ToLower(attr(n, "itemprop"))
				}
				if _, ok := found[key]; !ok && key != "" {
					found[key] = attr(n, "content")
				}
			case atom.Time:
				if strings.EqualFold(attr(n, "itemprop"), "datePublished") {
					if _, ok := found["datepublished"]; !ok {
						found["datepublished"] = attr(n, "datetime")
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	for _, k := range publishedKeys {
		if d, ok := parseDay(found[k]); ok {
			return d
		}
	}
	return whosaid.Date{}
}

// dayLayouts are the timestamp forms seen in publishers' meta tags.
var dayLayouts = []string{
	time.RFC3339, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05",
	"2006-01-02 15:04:05 -0700", "2006-01-02", time.RFC1123Z, time.RFC1123,
	"20060102",
}

// parseDay reads a timestamp and keeps the calendar day as written, in the
// writer's own zone.
func parseDay(s string) (whosaid.Date, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return whosaid.Date{}, false
	}
	for _, layout := range dayLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			y, m, d := t.Date()
			if y < 1800 || y > 2200 {
				return whosaid.Date{}, false
			}
			return dayOf(y, m, d), true
		}
	}
	return whosaid.Date{}, false
}

// dayOf is the whosaid.Date of a calendar day.
func dayOf(y int, m time.Month, d int) whosaid.Date {
	return whosaid.Date{Time: time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// attr returns the value of n's attribute key, or "".
func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}

// stripAds removes the elements whose class or id marks them as
// advertising or sponsored content. trafilatura drops most boilerplate but
// keeps the text of an inline <div class="... advertisement"> that sits
// among the article's paragraphs. Scripts (but JSON-LD), styles, SVG and comments
// go too: they are most of a modern page's bytes, and trafilatura clones the
// whole tree three times before it cleans it.
func stripAds(n *html.Node) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		if c.Type == html.CommentNode || c.Type == html.ElementNode && (noText[c.DataAtom] && !isJSONLD(c) ||
			c.DataAtom != atom.Body && c.DataAtom != atom.Html && isAd(c)) {
			n.RemoveChild(c)
		} else {
			stripAds(c)
		}
		c = next
	}
}

// isJSONLD reports whether n is a JSON-LD script, which trafilatura
// reads metadata from and so must stay.
func isJSONLD(n *html.Node) bool {
	return n.DataAtom == atom.Script && strings.EqualFold(strings.TrimSpace(attr(n, "type")), "application/ld+json")
}

// noText are the elements that never hold article text.
var noText = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Svg: true, atom.Iframe: true, atom.Object: true, atom.Embed: true,
}

// adWords are class or id tokens that name an ad slot.
var adWords = map[string]bool{
	"ad": true, "ads": true, "advert": true, "adverts": true, "advertisement": true,
	"advertising": true, "adsbygoogle": true, "adslot": true, "adunit": true,
	"sponsor": true, "sponsored": true, "promo": true, "dfp": true, "taboola": true,
	"outbrain": true, "banner-ad": true,
}

// isAd reports whether an element's class or id tokens mark it as an ad:
// a token that is an ad word, contains "advert", or starts or ends with
// an "ad"/"ads" part ("ad-slot", "top-ads").
func isAd(n *html.Node) bool {
	tokens := strings.Fields(strings.ToLower(attr(n, "class") + " " + attr(n, "id")))
	for _, t := range tokens {
		if adWords[t] || strings.Contains(t, "advert") || strings.Contains(t, "adsbygoogle") {
			return true
		}
		for _, p := range []string{"ad-", "ad_", "ads-", "ads_", "dfp-", "gpt-ad", "sponsored-"} {
			if strings.HasPrefix(t, p) {
				return true
			}
		}
		for _, s := range []string{"-ad", "_ad", "-ads", "_ads"} {
			if strings.HasSuffix(t, s) {
				return true
			}
		}
	}
	return false
}
