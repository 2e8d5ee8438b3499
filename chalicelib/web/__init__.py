"""The browser side of boucle: the staff dashboard, the embeddable widget and the demo page."""
