"""Use cases of the case engine: each public function is one transaction."""
