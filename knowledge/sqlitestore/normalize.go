package sqlitestore

import "concierge/knowledge"

// Normalize validates and normalises a as Put would (defaults, trimmed
// title and tags, review date reduced to a day) and sets its ContentHash,
// without touching the database. Import previews use it to tell what an
// import would change. Errors wrap knowledge.ErrInvalid.
func Normalize(a knowledge.Article) (knowledge.Article, error) {
	n, err := normalize(a)
	if err != nil {
		return a, err
	}
	n.ContentHash = n.ComputeHash()
	return n, nil
}
