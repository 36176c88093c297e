// Package whosaid holds the domain of the project: articles and what is
// extracted from them (entities, attributions, interactions), each carrying
// the character offsets that tie it to the text. It imports only the
// standard library; every other package builds on these types.
//
// Offsets are Unicode code-point offsets into the article text as read,
// half-open [Start, End): the convention of brat, PolNeAR and citron.
package whosaid

// SchemaVersion is the version of the extraction JSON schema. Fields are
// only ever added, never renamed or removed.
const SchemaVersion = 1

// Article is one news report as read from some source.
type Article struct {
	ID        string `json:"id"`
	URL       string `json:"url,omitempty"`
	Title     string `json:"title,omitempty"`
	Author    string `json:"author,omitempty"`
	Outlet    string `json:"outlet,omitempty"`
	Language  string `json:"language,omitempty"`
	Published Date   `json:"published"`
	Text      string `json:"text"`
}

// Extraction is everything whosaid finds in one article. It is the JSON
// object `whosaid extract` writes, one per line.
type Extraction struct {
	ID           string        `json:"id"`
	TextSHA256   string        `json:"text_sha256"`
	Title        string        `json:"title"`
	Dateline     *Dateline     `json:"dateline"`
	Published    Date          `json:"published"`
	Entities     []Entity      `json:"entities"`
	Attributions []Attribution `json:"attributions"`
	Interactions []Interaction `json:"interactions"`
	// Dates are the time expressions found in the text, resolved against
	// Published where possible.
	Dates []TimeExpr `json:"dates"`
	// Extractor names the extractor version that produced this record, so
	// an archive can re-extract what an older version made.
	Extractor string `json:"extractor"`
}

// Dateline is the place and agency that open a wire report:
// "Tehran (IP) -", "WASHINGTON (Reuters) —".
type Dateline struct {
	Place string `json:"place"`
	// Agency is the agency as written in the dateline ("IP", "Reuters").
	Agency string `json:"agency"`
	// AgencyName is the agency's full name where the text or a known
	// abbreviation gives it ("Iran Press"); empty otherwise.
	AgencyName string `json:"agency_name,omitempty"`
	Start      int    `json:"start"`
	End        int    `json:"end"`
}

// EntityType says what kind of thing an entity is.
type EntityType string

// The entity types whosaid recognises.
const (
	EntityPerson       EntityType = "person"
	EntityOrganization EntityType = "organization"
	EntityPlace        EntityType = "place"
)

// Entity is one person, organisation or place, once per article, with every
// mention that refers to it.
type Entity struct {
	ID    EntityID   `json:"id"`
	Type  EntityType `json:"type"`
	Name  string     `json:"name"`
	Roles []string   `json:"roles"`
	// RoleSpans are the places in the text each role was read from.
	RoleSpans []Span    `json:"role_spans"`
	Mentions  []Mention `json:"mentions"`
}

// MentionKind says how a mention names its entity.
type MentionKind string

// The mention kinds.
const (
	MentionName    MentionKind = "name"    // "Ali Akbar Velayati", "Velayati"
	MentionPronoun MentionKind = "pronoun" // "he", "she", "they"
	MentionRole    MentionKind = "role"    // "the Secretary-General of ..."
	MentionNominal MentionKind = "nominal" // "the ministry", "the senator"
)

// Mention is one place in the text that refers to an entity.
type Mention struct {
	Span
	Kind MentionKind `json:"kind"`
}

// AttributionKind says whether a statement is quoted.
type AttributionKind string

// The attribution kinds.
const (
	Direct   AttributionKind = "direct"   // all of the content in quotation marks
	Indirect AttributionKind = "indirect" // reported without quotation marks
	Mixed    AttributionKind = "mixed"    // partly quoted
)

// Attribution is one reported statement, belief or intention: who (source
// and resolved speaker), through which cue, said what (content pieces).
type Attribution struct {
	// Speaker is the entity the source resolves to; null when unresolved.
	Speaker EntityID `json:"speaker"`
	// SpeakerName is the speaker's canonical name, or the source text when
	// the source is not resolved to an entity.
	SpeakerName string `json:"speaker_name"`
	// Source is the mention of the speaker nearest the cue; null when the
	// text gives none ("it was reported that ...").
	Source *Span `json:"source"`
	Cue    Span  `json:"cue"`
	// Contents are the pieces of what was said, in text order; a quote split
	// around its speaker tag has two. Direct quotes exclude their marks.
	Contents   []Span          `json:"contents"`
	Kind       AttributionKind `json:"kind"`
	Confidence float64         `json:"confidence"`
}

// InteractionKind says how people were in contact.
type InteractionKind string

// The interaction kinds.
const (
	TelephoneCall InteractionKind = "telephone call"
	Meeting       InteractionKind = "meeting"
	Visit         InteractionKind = "visit"
	Letter        InteractionKind = "letter"
	Message       InteractionKind = "message"
)

// Interaction is a contact between entities the article reports.
type Interaction struct {
	Kind         InteractionKind `json:"kind"`
	Participants []EntityID      `json:"participants"`
	Cue          Span            `json:"cue"`
	When         *TimeExpr       `json:"when"`
	Where        *PlaceRef       `json:"where"`
}

// TimeExpr is a time expression in the text and, where it can be resolved,
// the calendar date it names.
type TimeExpr struct {
	Span
	Date Date `json:"date"`
}

// PlaceRef points at a place entity and the mention naming it.
type PlaceRef struct {
	Entity EntityID `json:"entity"`
	Name   string   `json:"name"`
	Span
}
