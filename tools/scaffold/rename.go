package main

func (t *tool) rename(module, project string) error { return refuse("rename: not yet") }
