"""The ground floor: bytes → text → sentences and tokens → Document."""

from .decode import decode_bytes, read_text
from .document import Document
from .normalize import normalize
from .sentences import Sentence, split_sentences
from .tokenize import Tokenizer

__all__ = ["Document", "Sentence", "Tokenizer", "decode_bytes", "normalize", "read_text", "split_sentences"]
