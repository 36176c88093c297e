package extract

// findAttributions is a placeholder until the tagger lands.
func (x *Extractor) findAttributions(d *doc) []attr { return []attr{} }
