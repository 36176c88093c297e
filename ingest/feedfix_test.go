package ingest

import (
	"fmt"
	"html"
	"strings"
	"testing"
)

// feedBase stands for the test server's URL in the committed feeds.
const feedBase = "{{BASE}}"

// atomFixture is an Atom feed of real articles. Entries: 1 links to nyt's
// page (summary only: fetched), 2 carries the seed in full (not fetched; no
// author of its own, so the feed's), 3 links to a page that is gone, 4 a
// relative link to politico's page.
func atomFixture(t testing.TB) []byte {
	e := html.EscapeString
	seed, nyt, pol := fixtureByName(t, "seed"), fixtureByName(t, "nyt"), fixtureByName(t, "politico")
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title>Whosaid Test Wire</title>
  <link rel="self" href="` + feedBase + `/atom.xml"/>
  <link href="` + feedBase + `/"/>
  <id>urn:whosaid:test-wire</id>
  <updated>2016-09-25T00:00:00Z</updated>
  <author><name>Wire Desk</name></author>
`)
	fmt.Fprintf(&b, `  <entry>
    <title>%s</title>
    <link href="%s/page/nyt"/>
    <id>urn:whosaid:nyt</id>
    <published>%s</published>
    <updated>%s</updated>
    <summary>%s</summary>
  </entry>
`, e(nyt.Title), feedBase, nyt.Published, nyt.Published, e(nyt.paras(t)[0]))
	fmt.Fprintf(&b, `  <entry>
    <title>%s</title>
    <link href="%s/page/seed"/>
    <id>urn:whosaid:seed</id>
    <published>%s</published>
    <updated>%s</updated>
    <content type="html">%s</content>
  </entry>
`, e(seed.Title), feedBase, seed.Published, seed.Published, e("<p>"+strings.Join(seed.paras(t), "</p>\n<p>")+"</p>"))
	fmt.Fprintf(&b, `  <entry>
    <title>A story that was taken down</title>
    <link href="%s/missing"/>
    <id>urn:whosaid:missing</id>
    <updated>2016-09-20T10:00:00Z</updated>
    <summary>Gone.</summary>
  </entry>
`, feedBase)
	fmt.Fprintf(&b, `  <entry>
    <title>%s</title>
    <link href="/page/politico"/>
    <id>urn:whosaid:politico</id>
    <published>2016-09-17T20:05:00-04:00</published>
    <updated>2016-09-17T20:05:00-04:00</updated>
    <author><name>%s</name></author>
    <summary>%s</summary>
  </entry>
</feed>
`, e(pol.Title), e(pol.Author), e(pol.paras(t)[0]))
	return []byte(b.String())
}

// rssFixture is an RSS 2.0 feed. Items: 1 breitbart in full in
// content:encoded (not fetched), 2 a teaser linking to washpost's page.
func rssFixture(t testing.TB) []byte {
	e := html.EscapeString
	bb, wp := fixtureByName(t, "breitbart"), fixtureByName(t, "washpost")
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Test Politics Desk</title>
  <link>` + feedBase + `/</link>
  <description>Politics from around the web</description>
  <language>en-us</language>
`)
	fmt.Fprintf(&b, `  <item>
    <title>%s</title>
    <link>%s/page/breitbart</link>
    <guid isPermaLink="false">breitbart-2016-09-12-stealth</guid>
    <pubDate>Mon, 12 Sep 2016 23:30:00 -0400</pubDate>
    <dc:creator>%s</dc:creator>
    <description>%s</description>
    <content:encoded><![CDATA[%s]]></content:encoded>
  </item>
`, e(bb.Title), feedBase, e(bb.Author), e(bb.paras(t)[0]), "<p>"+strings.Join(bb.paras(t), "</p>\n<div class=\"ad-unit\">Sponsored: cloud hosting</div>\n<p>")+"</p>")
	fmt.Fprintf(&b, `  <item>
    <title>%s</title>
    <link>%s/page/washpost</link>
    <pubDate>Thu, 08 Sep 2016 18:12:00 -0400</pubDate>
    <description>%s</description>
  </item>
</channel>
</rss>
`, e(wp.Title), feedBase, e(wp.paras(t)[0]))
	return []byte(b.String())
}
