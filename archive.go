package whosaid

import (
	"context"
	"time"
)

// StoredArticle is an article in the archive with its extraction and every
// place it was seen (syndicated copies are one article seen several times).
type StoredArticle struct {
	ID         int64       `json:"id"`
	Article    Article     `json:"article"`
	Extraction *Extraction `json:"extraction"`
	Sightings  []Sighting  `json:"sightings"`
	// Extractor is the extractor version that produced Extraction.
	Extractor string    `json:"extractor"`
	Ingested  time.Time `json:"ingested"`
}

// Sighting is one place and time an article or a statement was seen.
type Sighting struct {
	ArticleID int64  `json:"article_id"`
	URL       string `json:"url,omitempty"`
	Outlet    string `json:"outlet,omitempty"`
	Title     string `json:"title,omitempty"`
	Published Date   `json:"published"`
}

// Statement is one attribution in the archive, joined with its speaker and
// article. Statements repeated across articles are one statement with
// several sightings, earliest first.
type Statement struct {
	ID          int64           `json:"id"`
	PersonID    int64           `json:"person_id,omitempty"` // 0: speaker not resolved to a person
	Speaker     string          `json:"speaker"`
	SpeakerRole string          `json:"speaker_role,omitempty"`
	Content     string          `json:"content"`
	Kind        AttributionKind `json:"kind"`
	Cue         string          `json:"cue"`
	ArticleID   int64           `json:"article_id"`
	Title       string          `json:"title"`
	Outlet      string          `json:"outlet"`
	URL         string          `json:"url"`
	Published   Date            `json:"published"`
	// Attribution is the statement as extracted, with offsets into the
	// article text of ArticleID.
	Attribution Attribution `json:"attribution"`
	Sightings   []Sighting  `json:"sightings"`
	// Snippet is the content with the query terms marked (search only).
	Snippet string `json:"snippet,omitempty"`
}

// StatementFilter selects statements. Zero fields do not filter.
type StatementFilter struct {
	Query string // full-text query over statement content
	// About is a full-text query over the text and title of the articles
	// a statement was reported in: what the statement was said about
	// when the quote itself does not name it.
	About   string
	Speaker string // speaker name (canonical name or alias, case-insensitive)
	Org     string // organisation named in the article or the speaker's role
	Outlet  string
	Since   Date
	Until   Date
	Kind    AttributionKind
	Limit   int
	// Cursor continues a previous search; empty starts at the newest.
	Cursor string
}

// StatementPage is one page of a statement search.
type StatementPage struct {
	Statements []Statement `json:"statements"`
	NextCursor string      `json:"next_cursor,omitempty"`
	Total      int         `json:"total"`
	// TotalCapped is true when a store counted only the newest matches
	// (sqlite: 1,000): more statements match than Total, and Facets count
	// those newest ones.
	TotalCapped bool   `json:"total_capped,omitempty"`
	Facets      Facets `json:"facets"`
}

// Facets count the matching statements by speaker, outlet and kind.
type Facets struct {
	Speakers []FacetCount `json:"speakers"`
	Outlets  []FacetCount `json:"outlets"`
	Kinds    []FacetCount `json:"kinds"`
}

// FacetCount is one facet value and how many statements have it.
type FacetCount struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// Person is a speaker or participant known to the archive, merged across
// articles by canonical name.
type Person struct {
	ID           int64      `json:"id"`
	Name         string     `json:"name"`
	Aliases      []string   `json:"aliases"`
	Roles        []RoleSeen `json:"roles"`
	Statements   int        `json:"statements"`
	Interactions int        `json:"interactions"`
}

// RoleSeen is a role a person held in the articles, with when it was seen.
type RoleSeen struct {
	Role      string `json:"role"`
	FirstSeen Date   `json:"first_seen"`
	LastSeen  Date   `json:"last_seen"`
}

// PersonDetail is a person with their statements, interactions and weekly
// statement counts.
type PersonDetail struct {
	Person
	Latest       []Statement       `json:"latest"`
	Interactions []InteractionSeen `json:"interactions"`
	Weekly       []WeekCount       `json:"weekly"`
}

// WeekCount counts statements in the week starting on Monday Week.
type WeekCount struct {
	Week  Date `json:"week"`
	Count int  `json:"count"`
}

// InteractionSeen is an interaction in the archive, with its participants
// resolved to archive persons.
type InteractionSeen struct {
	ID           int64           `json:"id"`
	Kind         InteractionKind `json:"kind"`
	Participants []PersonRef     `json:"participants"`
	When         Date            `json:"when"`
	Where        string          `json:"where,omitempty"`
	ArticleID    int64           `json:"article_id"`
	Title        string          `json:"title"`
	Published    Date            `json:"published"`
}

// PersonRef names an archive person.
type PersonRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// InteractionFilter selects interactions. Zero fields do not filter.
type InteractionFilter struct {
	PersonID int64
	Since    Date
	Until    Date
	Limit    int
}

// PutResult says what storing an article did.
type PutResult struct {
	ArticleID int64 `json:"article_id"`
	// Duplicate is true when the article was already stored (exactly or as
	// a near-duplicate); the new sighting was recorded, nothing else.
	Duplicate bool `json:"duplicate"`
}

// Archive stores articles with their extractions and answers questions
// about them. sqlite and postgres implement it; errors are *Error with
// ENOTFOUND for missing records and EINVALID for bad filters.
type Archive interface {
	// PutArticle stores an article and its extraction atomically, or records
	// a new sighting if it is a duplicate.
	PutArticle(ctx context.Context, a Article, x *Extraction) (PutResult, error)
	Article(ctx context.Context, id int64) (*StoredArticle, error)
	SearchStatements(ctx context.Context, f StatementFilter) (*StatementPage, error)
	People(ctx context.Context, query string, limit int) ([]Person, error)
	Person(ctx context.Context, id int64) (*PersonDetail, error)
	Interactions(ctx context.Context, f InteractionFilter) ([]InteractionSeen, error)
	Close() error
}
