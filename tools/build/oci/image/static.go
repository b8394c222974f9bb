package image

import (
	"bytes"
	"debug/elf"
	"fmt"
)

// checkStatic refuses a binary that needs a dynamic loader: the image has no libc, so such a
// binary would fail at start with a confusing "no such file or directory".
func checkStatic(binary []byte) error {
	f, err := elf.NewFile(bytes.NewReader(binary))
	if err != nil {
		return fmt.Errorf("%w: %v", ErrBinaryNotELF, err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			return ErrBinaryNotStatic
		}
	}
	return nil
}
