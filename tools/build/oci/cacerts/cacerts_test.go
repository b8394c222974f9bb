package cacerts_test

import (
	"bytes"
	"crypto/x509"
	"encoding/pem"
	"testing"

	"github.com/kratos-monorepo/monorepo/tools/build/oci/cacerts"
)

func TestPEMHoldsParseableRootsInStableOrder(t *testing.T) {
	t.Parallel()
	first := cacerts.PEM()
	if !bytes.Equal(first, cacerts.PEM()) {
		t.Fatal("two calls gave different bundles")
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(first) {
		t.Fatal("the bundle has no certificate Go can parse")
	}
	count := 0
	for rest := first; ; {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		cert, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			t.Fatalf("certificate %d: %v", count, err)
		}
		if !cert.IsCA {
			t.Errorf("certificate %q is not a CA", cert.Subject)
		}
		count++
	}
	// Mozilla's store has well over 100 roots; a handful would mean a broken generator.
	if count < 100 {
		t.Errorf("bundle holds %d roots, want at least 100", count)
	}
}
