# SYNTAX TEST "source.python" "Padded Cell suppression comments"

x = eval(s)  # noqa: PC301
#              ^^^^ comment.line.number-sign.python keyword.other.suppression.padded-cell
#                  ^ punctuation.separator.key-value.padded-cell
#                    ^^^^^ constant.other.rule-code.padded-cell

y = eval(t)  # NOQA:E501,PC301, PC101 long line
#              ^^^^ keyword.other.suppression.padded-cell
#                   ^^^^ constant.other.rule-code.other-tool.padded-cell
#                       ^ punctuation.separator.sequence.padded-cell
#                        ^^^^^ constant.other.rule-code.padded-cell
#                               ^^^^^ constant.other.rule-code.padded-cell
#                                     ^^^^ - constant.other.rule-code.padded-cell

import os  # padded: allow[PC101, PC502] the host vets os
#            ^^^^^^ keyword.other.suppression.padded-cell
#                  ^ punctuation.separator.key-value.padded-cell
#                    ^^^^^ keyword.other.suppression.padded-cell
#                         ^ punctuation.definition.list.begin.padded-cell
#                          ^^^^^ constant.other.rule-code.padded-cell
#                               ^ punctuation.separator.sequence.padded-cell
#                                 ^^^^^ constant.other.rule-code.padded-cell
#                                      ^ punctuation.definition.list.end.padded-cell
#                                        ^^^^^^^^^^^^^^^^ string.unquoted.reason.padded-cell

z = eval(u)  # type: ignore  # noqa: PC301
#                              ^^^^ keyword.other.suppression.padded-cell
#                                    ^^^^^ constant.other.rule-code.padded-cell

# A bare noqa silences nothing, and is left a plain comment:
w = 1  # noqa
#        ^^^^ comment.line.number-sign.python - keyword.other.suppression.padded-cell

# The same text in a string is not a comment, so not a suppression:
s = "# noqa: PC301"
#    ^^^^^^^^^^^^^ string.quoted.single.python - keyword.other.suppression.padded-cell constant.other.rule-code.padded-cell

# noqa: PC301 on a line of its own applies to the next statement
# ^^^^ keyword.other.suppression.padded-cell
#       ^^^^^ constant.other.rule-code.padded-cell
