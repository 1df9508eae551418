package app

import "concierge/knowledge/core"

// TransferService imports folders of Markdown (or HTML) and exports
// articles as Markdown with front matter.
type TransferService struct{ app *App }

// ImportPreview tells what importing the folder would do, writing nothing.
func (s *TransferService) ImportPreview(folder, department string) (core.ImportPlan, error) {
	ctx, cancel := s.app.call(bulkCall)
	defer cancel()
	return s.app.cur().ImportPreview(ctx, folder, department)
}

// ImportApply imports the folder and brings the search index up to date.
func (s *TransferService) ImportApply(folder, department string) (core.ImportReport, error) {
	ctx, cancel := s.app.call(bulkCall)
	defer cancel()
	return s.app.cur().ImportApply(ctx, folder, department)
}

// Export writes the articles with status ("" = all) into folder and
// returns how many.
func (s *TransferService) Export(folder, status string) (int, error) {
	ctx, cancel := s.app.call(bulkCall)
	defer cancel()
	return s.app.cur().Export(ctx, folder, status)
}
