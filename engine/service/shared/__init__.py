"""What every area of the service layer uses: the transaction context, the text check,
audit texts kept apart for erasure, status words."""
