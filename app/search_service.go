package app

import (
	"context"
	"time"
)

// SearchService answers the search box.
type SearchService struct{ app *App }

// Search runs a hybrid query (published articles only unless statuses are
// given) and logs it for gap reports.
func (s *SearchService) Search(req SearchRequest) (SearchResponse, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return s.app.svc.Search(ctx, req, "app")
}
