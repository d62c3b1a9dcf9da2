"""Removing personal data from text before a model, HR, a digest or a log sees it.

``personal_data`` is the one definition of what personal data is and where it is in a text;
``redaction`` says what HR, chats and logs see instead, ``pseudonyms`` what a prompt carries.
"""
