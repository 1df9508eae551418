package wiring

import (
	"context"
	"path/filepath"

	"concierge/knowledge/sqlitestore"
)

// SalvageReport is what could be read back from a damaged local database.
type SalvageReport = sqlitestore.SalvageReport

// SalvageLocal reads every article still readable from the local (SQLite)
// knowledge database in dataDir, read-only: the recovery path when the
// store reports it is damaged.
func SalvageLocal(ctx context.Context, dataDir string) (SalvageReport, error) {
	return sqlitestore.Salvage(ctx, filepath.Join(dataDir, DBFile))
}
