package nacostest

import (
	"encoding/json"

	nacosgrpc "github.com/nacos-group/nacos-sdk-go/v2/api/grpc"
	"google.golang.org/protobuf/types/known/anypb"
)

// Result and error codes of Nacos' response model.
const (
	codeSuccess        = 200
	codeFail           = 500
	errConfigNotFound  = 300
	errBadParameter    = 400
	errUnknownRequest  = 500
	defaultCacheMillis = 10000
)

// response is the envelope every Nacos response body shares.
type response struct {
	ResultCode int    `json:"resultCode"`
	ErrorCode  int    `json:"errorCode"`
	Success    bool   `json:"success"`
	Message    string `json:"message,omitempty"`
	RequestID  string `json:"requestId"`
}

func ok() response { return response{ResultCode: codeSuccess, Success: true} }

func fail(errorCode int, message string) response {
	return response{ResultCode: codeFail, ErrorCode: errorCode, Message: message}
}

// request carries the fields every request body shares.
type request struct {
	RequestID string `json:"requestId"`
	Module    string `json:"module"`
}

// reply is a typed response ready to be framed: its Nacos type name and its body.
type reply struct {
	typ  string
	body any
}

func payload(typ string, body any) (*nacosgrpc.Payload, error) {
	raw, err := json.Marshal(body)
	if err != nil {
		return nil, err
	}
	return &nacosgrpc.Payload{
		Metadata: &nacosgrpc.Metadata{Type: typ, Headers: map[string]string{}},
		Body:     &anypb.Any{Value: raw},
	}, nil
}
