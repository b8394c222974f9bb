module github.com/kratos-monorepo/monorepo

go 1.25.0
