package postgres

// SetRareOutlet sets how many articles a rare outlet has at most and
// returns the previous value, so tests can take both paths of addOutlet.
func SetRareOutlet(n int) int {
	old := rareOutlet
	rareOutlet = n
	return old
}
