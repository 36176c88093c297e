package extract

import "whosaid"

// entityResult is what the entity stages find: entities with mentions and
// roles, the speaker each attribution resolves to, the dateline, dates and
// interactions.
type entityResult struct {
	Dateline     *whosaid.Dateline
	Entities     []whosaid.Entity
	Speakers     []whosaid.EntityID // one per attribution; "" when unresolved
	SpeakerNames []string           // one per attribution; "" falls back to the source text
	Interactions []whosaid.Interaction
	Dates        []whosaid.TimeExpr
}

// analyzeEntities is a placeholder until the entity stages land: it finds
// nothing and resolves no speaker.
func (x *Extractor) analyzeEntities(d *doc, atts []attr, published whosaid.Date) entityResult {
	return entityResult{
		Entities:     []whosaid.Entity{},
		Speakers:     make([]whosaid.EntityID, len(atts)),
		SpeakerNames: make([]string, len(atts)),
		Interactions: []whosaid.Interaction{},
		Dates:        []whosaid.TimeExpr{},
	}
}
