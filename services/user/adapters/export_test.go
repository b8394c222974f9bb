package adapters

// WrapKeyDerivation replaces h's argon2 call with wrap(the real one), so a test can see how
// many hashes run at once and hold one in progress.
func WrapKeyDerivation(h *Argon2Hasher, wrap func(idKey func(password, salt []byte, time, memory uint32, threads uint8, keyLen uint32) []byte) func(password, salt []byte, time, memory uint32, threads uint8, keyLen uint32) []byte) {
	h.idKey = wrap(h.idKey)
}
