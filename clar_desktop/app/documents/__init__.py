"""Documents from the desktop app: the minutes' details, and making, previewing, saving and
printing the acta, the certificates, the scoring sheets and the poster (the documents
themselves are made by clar_desktop.documents, from a bundle alone)."""
