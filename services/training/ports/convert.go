package ports

import (
	"time"

	"github.com/google/uuid"
	"google.golang.org/protobuf/types/known/timestamppb"

	trainingv1 "github.com/kratos-monorepo/monorepo/proto/training/v1"
	"github.com/kratos-monorepo/monorepo/services/training/app/query"
	"github.com/kratos-monorepo/monorepo/services/training/domain/training"
)

// trainingUUID checks a uuid from the request; the canonical form is what storage keys on.
func trainingUUID(s string) (string, error) {
	if s == "" {
		return "", training.ErrMissingTrainingUUID
	}
	id, err := uuid.Parse(s)
	if err != nil {
		return "", ErrInvalidTrainingUUID
	}
	return id.String(), nil
}

// trainingTime converts a requested time: a missing one is the domain's missing-training-time.
func trainingTime(ts *timestamppb.Timestamp) (time.Time, error) {
	if ts == nil {
		return time.Time{}, training.ErrMissingTrainingTime
	}
	if err := ts.CheckValid(); err != nil {
		return time.Time{}, ErrInvalidTrainingTime
	}
	return ts.AsTime(), nil
}

func toProtoTrainings(trs []query.Training) []*trainingv1.Training {
	out := make([]*trainingv1.Training, 0, len(trs))
	for _, tr := range trs {
		out = append(out, toProtoTraining(tr))
	}
	return out
}

// toProtoTraining: while at least 24 h remain a training can be cancelled for free and moved
// directly; after that a move is a proposal the other side has to accept.
func toProtoTraining(tr query.Training) *trainingv1.Training {
	p := &trainingv1.Training{
		Uuid:               tr.UUID,
		UserUuid:           tr.UserUUID,
		UserName:           tr.UserName,
		Time:               timestamppb.New(tr.Time),
		Notes:              tr.Notes,
		CanBeCancelled:     tr.CanBeCancelledForFree,
		MoveRequiresAccept: !tr.CanBeCancelledForFree,
		Pending:            tr.Pending,
	}
	if tr.ProposedTime != nil {
		p.ProposedTime = timestamppb.New(*tr.ProposedTime)
	}
	if tr.ProposedBy != nil {
		p.MoveProposedBy = *tr.ProposedBy
	}
	return p
}
