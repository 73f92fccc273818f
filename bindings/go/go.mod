module libauth0logout.example/auth0logout

go 1.19
