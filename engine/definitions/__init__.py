"""Reading a programme definition: YAML source with positions, the JSON Schema check,
the meaning checks, building the immutable :class:`ProgrammeSpec`, loading shipped and
user files, and the process diagram.  Imports only ``engine.dates`` and the foundation.
"""
