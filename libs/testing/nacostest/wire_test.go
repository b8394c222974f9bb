package nacostest_test

import (
	"context"
	"encoding/json"
	"strconv"
	"testing"
	"time"

	nacosgrpc "github.com/nacos-group/nacos-sdk-go/v2/api/grpc"
	"github.com/nacos-group/nacos-sdk-go/v2/vo"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/types/known/anypb"

	"github.com/kratos-monorepo/monorepo/libs/testing/nacostest"
)

// Requests the double cannot serve get Nacos' error envelope, not a transport error, as a
// real server answers them.
func TestBadRequestsGetErrorResponses(t *testing.T) {
	t.Parallel()
	srv := nacostest.Start(t)
	conn, err := grpc.NewClient("127.0.0.1:"+strconv.Itoa(srv.GRPCPort()), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	client := nacosgrpc.NewRequestClient(conn)

	tests := []struct {
		name, typ, body string
		wantType        string
		wantErrorCode   int
	}{
		{"unknown type", "BogusRequest", `{"requestId":"1"}`, "ErrorResponse", 500},
		{"body not JSON", "InstanceRequest", `{`, "ErrorResponse", 400},
		{"register without service", "InstanceRequest", `{"requestId":"2","type":"registerInstance","instance":{"ip":"10.0.0.1","port":1}}`, "InstanceResponse", 400},
		{"unknown instance operation", "InstanceRequest", `{"requestId":"3","serviceName":"s","type":"explode"}`, "InstanceResponse", 400},
		{"publish without content", "ConfigPublishRequest", `{"requestId":"4","dataId":"d","group":"g"}`, "ConfigPublishResponse", 400},
		{"query of a missing config", "ConfigQueryRequest", `{"requestId":"5","dataId":"none","group":"g"}`, "ConfigQueryResponse", 300},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			out, err := client.Request(ctx, &nacosgrpc.Payload{
				Metadata: &nacosgrpc.Metadata{Type: tt.typ},
				Body:     &anypb.Any{Value: []byte(tt.body)},
			})
			if err != nil {
				t.Fatal(err)
			}
			var resp struct {
				ResultCode int  `json:"resultCode"`
				ErrorCode  int  `json:"errorCode"`
				Success    bool `json:"success"`
			}
			if err := json.Unmarshal(out.GetBody().GetValue(), &resp); err != nil {
				t.Fatal(err)
			}
			if out.GetMetadata().GetType() != tt.wantType || resp.Success || resp.ErrorCode != tt.wantErrorCode || resp.ResultCode != 500 {
				t.Fatalf("got %s %+v, want %s with errorCode %d", out.GetMetadata().GetType(), resp, tt.wantType, tt.wantErrorCode)
			}
		})
	}
	if got := srv.Instances("", "", "s"); len(got) != 0 {
		t.Errorf("a failed request registered %v", got)
	}
	if _, ok := srv.Config("", "g", "d"); ok {
		t.Error("a failed publish stored a config")
	}
}

func TestServiceListPagesThroughRegisteredServices(t *testing.T) {
	t.Parallel()
	srv := nacostest.Start(t)
	c := namingClient(t, srv)
	for i, name := range []string{"a", "b", "c"} {
		register(t, c, name, uint64(9300+i))
	}
	tests := []struct {
		page, size uint32
		want       []string
	}{
		{1, 2, []string{"a", "b"}},
		{2, 2, []string{"c"}},
		{3, 2, nil},
	}
	for _, tt := range tests {
		list, err := c.GetAllServicesInfo(vo.GetAllServiceInfoParam{PageNo: tt.page, PageSize: tt.size})
		if err != nil {
			t.Fatal(err)
		}
		if list.Count != 3 || len(list.Doms) != len(tt.want) {
			t.Fatalf("page %d: %+v, want count 3 and %v", tt.page, list, tt.want)
		}
		for i := range tt.want {
			if list.Doms[i] != tt.want[i] {
				t.Fatalf("page %d: %v, want %v", tt.page, list.Doms, tt.want)
			}
		}
	}
}
