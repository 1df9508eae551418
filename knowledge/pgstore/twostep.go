package pgstore

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// inTwoRoundTrips runs one read-committed write transaction in two round
// trips on one connection: BEGIN and the reads queued by read (their
// handlers fill the caller's variables; a missing row is not an error
// there but something decide checks), then the writes decide returns,
// followed by COMMIT. decide sees what was read and may refuse (a version
// conflict, a missing row) with an error, which rolls back. Any failure
// rolls back; nothing is half-written.
func (s *Store) inTwoRoundTrips(ctx context.Context, doing string, read func(*pgx.Batch), decide func() (*pgx.Batch, error)) error {
	if err := s.check(); err != nil {
		return err
	}
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return dbErr(doing, err)
	}
	defer conn.Release() // a connection left inside a transaction is closed by the pool
	rollback := func() { conn.Exec(context.WithoutCancel(ctx), "ROLLBACK") }
	reads := &pgx.Batch{}
	reads.Queue("BEGIN")
	read(reads)
	if err := conn.SendBatch(ctx, reads).Close(); err != nil {
		rollback()
		return dbErr(doing, err)
	}
	writes, err := decide()
	if err != nil {
		rollback()
		return err
	}
	writes.Queue("COMMIT")
	if err := conn.SendBatch(ctx, writes).Close(); err != nil {
		rollback()
		return dbErr(doing, err)
	}
	s.notifyChange()
	return nil
}
