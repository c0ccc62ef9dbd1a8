"""Home-service pages; each views module declares the URLs of its concept."""
