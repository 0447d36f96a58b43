"""The phones of the hall: the computer's addresses they can reach, and the publisher that
hands the read-only server (`clar_desktop.web`) a snapshot of what the projector shows."""
