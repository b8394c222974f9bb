package adapters_test

import (
	"context"
	"testing"

	"github.com/kratos-monorepo/monorepo/services/training/domain/training"
)

// BenchmarkUpdateTraining measures one transactional read-modify-write per backend, the path
// every command takes: go test -run '^$' -bench UpdateTraining ./services/training/adapters/
func BenchmarkUpdateTraining(b *testing.B) {
	for _, be := range backends {
		b.Run(be.name, func(b *testing.B) {
			r := be.open(b)
			add(b, r, "t-1", ann, start)
			update := func(_ context.Context, tr *training.Training) (*training.Training, error) {
				return tr, tr.UpdateNotes("same length notes")
			}
			for b.Loop() {
				if err := r.UpdateTraining(ctx, "t-1", ann, update); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
