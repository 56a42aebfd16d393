"""HTTP edges over the service layer: the coordinators' calendar feed server."""
