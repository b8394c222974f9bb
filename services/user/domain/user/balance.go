package user

// TakeCredit pays for one scheduled training.
func (u *User) TakeCredit() error {
	return u.ChangeBalance(-1)
}

// ReturnCredits gives credits back: one for a cancelled training, two when the trainer cancels
// late (a compensation for the attendee).
func (u *User) ReturnCredits(credits int) error {
	if credits <= 0 {
		return ErrNonPositiveCredits
	}
	return u.ChangeBalance(credits)
}

// ChangeBalance adds delta (negative to take credits). The balance is left unchanged when the
// change would take it below zero.
func (u *User) ChangeBalance(delta int) error {
	if delta == 0 {
		return ErrZeroBalanceChange
	}
	if u.balance+delta < 0 {
		return ErrBalanceTooLow
	}
	u.balance += delta
	return nil
}
