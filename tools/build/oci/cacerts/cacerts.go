// Package cacerts writes the CA roots an image trusts. They come from
// golang.org/x/crypto/x509roots/fallback (Mozilla's NSS root store, the same source as
// Debian's ca-certificates), pinned by go.sum: the bundle is the same on every machine and
// changes only with a deliberate module upgrade, unlike a copy of the build host's
// /etc/ssl/certs, which may also carry local or corporate CAs the images must not trust.
package cacerts

import (
	"bytes"
	"encoding/pem"

	"golang.org/x/crypto/x509roots/fallback/bundle"
)

// PEM is the bundle in the format of /etc/ssl/certs/ca-certificates.crt, in the module's
// fixed order. Roots that Mozilla distrusts after a date are kept, as Debian keeps them: a
// PEM file cannot express the date, and certificates issued before it stay valid.
func PEM() []byte {
	var buf bytes.Buffer
	for root := range bundle.Roots() {
		// Writing to a bytes.Buffer cannot fail.
		_ = pem.Encode(&buf, &pem.Block{Type: "CERTIFICATE", Bytes: root.Certificate})
	}
	return buf.Bytes()
}
