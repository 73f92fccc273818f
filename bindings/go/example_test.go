// SPDX-License-Identifier: MIT

package auth0logout_test

import (
	"fmt"

	"libauth0logout.example/auth0logout"
)

// The README's example.
func Example() {
	store, err := auth0logout.NewMemStore([]string{"https://www.example.com"},
		map[string][]string{"AbC123": {"https://app.example.com/bye"}})
	if err != nil {
		panic(err)
	}
	defer store.Free()
	d := auth0logout.Decide(store, "client_id=AbC123")
	fmt.Println(d.Outcome, d.Status, d.Location)
	// Output: redirect 302 https://app.example.com/bye
}
