package server

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strings"

	kerrors "github.com/go-kratos/kratos/v2/errors"
	khttp "github.com/go-kratos/kratos/v2/transport/http"
)

// ReasonMalformedRequest answers a body, query or path kratos cannot decode into the request.
const ReasonMalformedRequest = "malformed-request"

// Decoding runs before the middleware chain, so its errors never reach DomainErrors: these
// wrappers give them our reason and a fixed message (kratos' own would echo the raw input,
// which may not even be valid UTF-8 and then could not be encoded at all).
var (
	decodeBody  = readBodyFirst(malformedOnError(khttp.DefaultRequestDecoder, "the request body cannot be decoded"))
	decodeQuery = malformedOnError(khttp.DefaultRequestQuery, "the query string cannot be decoded")
	decodeVars  = malformedOnError(khttp.DefaultRequestVars, "the request path cannot be decoded")
)

func malformedOnError(decode khttp.DecodeRequestFunc, message string) khttp.DecodeRequestFunc {
	return func(r *http.Request, v any) error {
		if err := decode(r, v); err != nil {
			return kerrors.BadRequest(ReasonMalformedRequest, message)
		}
		return nil
	}
}

// readBodyFirst reads the body (cut off at the limit by limitBody) before decode sees it, so
// that a body over the limit is answered 413 rather than as a body that cannot be decoded, and
// leaves v as it is for an empty body, whatever its Content-Type.
func readBodyFirst(decode khttp.DecodeRequestFunc) khttp.DecodeRequestFunc {
	return func(r *http.Request, v any) error {
		data, err := io.ReadAll(r.Body)
		if tooLarge := (*http.MaxBytesError)(nil); errors.As(err, &tooLarge) {
			return errRequestTooLarge()
		}
		if err != nil {
			return kerrors.BadRequest(ReasonMalformedRequest, "the request body cannot be read")
		}
		r.Body = io.NopCloser(bytes.NewReader(data))
		if len(data) == 0 {
			// Nothing to decode: kratos would refuse a body-less POST that names no
			// Content-Type (curl -X POST .../archive sends none), though it decodes the same
			// empty body to an empty message once a Content-Type is given.
			return nil
		}
		return decode(r, v)
	}
}

// encodeError writes err as kratos does, after making sure its message can be encoded.
func encodeError(w http.ResponseWriter, r *http.Request, err error) {
	ke := ToKratos(err) // an error that is not a kratos error yet reveals nothing
	ke.Message = strings.ToValidUTF8(ke.Message, "\uFFFD")
	khttp.DefaultErrorEncoder(w, r, ke)
}
