"""The shipped topic models, installed as the package data of ``zhnews._models``.

Each subfolder is one model (``model.json``, ``tokens.json``, ``*.npy`` arrays and its
model card ``MODEL.md``); :func:`zhnews.load_model` finds the default one here from an
editable install and from a wheel alike. This file holds no code: it only makes the
folder an importable package, which setuptools' editable installs need.
"""
