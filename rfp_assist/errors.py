"""The exceptions rfp-assist raises. Each names the file and says what is wrong in one line."""

from __future__ import annotations


class RfpAssistError(Exception):
    """Base of every error this package raises on purpose."""


class LoadError(RfpAssistError):
    """Raised when a file cannot be turned into a Document."""

    reason = "cannot be read"

    def __init__(self, path: str, detail: str | None = None) -> None:
        self.path = path
        self.detail = detail
        super().__init__(self.message)

    def __reduce__(self) -> tuple[type[LoadError], tuple[str, str | None]]:
        # Errors cross from the parsing worker process; rebuild them from path and detail.
        return (type(self), (self.path, self.detail))

    @property
    def message(self) -> str:
        """One line: the file name, the problem and, where useful, what to do."""
        tail = f" ({self.detail})" if self.detail else ""
        return f"{self.path}: {self.reason}{tail}"


class EmptyFile(LoadError):
    """Raised when a file has no bytes at all."""

    reason = "the file is empty"


class UnsupportedFormat(LoadError):
    """Raised when the bytes are not PDF, DOCX or text, whatever the extension says."""

    reason = "unsupported file type; expected PDF, DOCX, plain text or Markdown"


class EncryptedDocument(LoadError):
    """Raised when a PDF needs a password to open (an empty user password is tried first)."""

    reason = "the PDF is encrypted with a password; remove the password and load it again"


class CorruptDocument(LoadError):
    """Raised when a file is damaged or truncated and no page of it could be recovered."""

    reason = "the file is corrupt or truncated and could not be read"


class NeedsOCR(LoadError):
    """Raised when a PDF has pages but no text layer (a scan): it needs OCR first."""

    reason = "the PDF has no text layer (a scanned document?); it needs OCR before it can be read"


class TooLarge(LoadError):
    """Raised when a file is over the configured size limit."""

    reason = "the file is over the size limit"


class LoadTimeout(LoadError):
    """Raised when parsing a file takes longer than the configured time limit."""

    reason = "reading the file took too long and was stopped"


class PlaybookError(RfpAssistError):
    """Raised when a playbook file cannot be read or breaks the schema, naming where."""

    def __init__(self, path: str, location: str, detail: str) -> None:
        self.path = path
        self.location = location
        self.detail = detail
        super().__init__(self.message)

    def __reduce__(self) -> tuple[type[PlaybookError], tuple[str, str, str]]:
        return (type(self), (self.path, self.location, self.detail))

    @property
    def message(self) -> str:
        """One line: the file, where in it (a key path or a line and column) and the problem."""
        where = f" {self.location}:" if self.location else ""
        return f"{self.path}:{where} {self.detail}"


class WorkspaceError(RfpAssistError):
    """Raised when a workspace cannot be used as it is (another embedding model, newer schema)."""
