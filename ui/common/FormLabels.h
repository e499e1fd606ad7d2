#pragma once

#include <QList>

class QFormLayout;

namespace sk {

// Gives the labels of several forms (one per group box) a common width, so
// their fields line up as if they were one form.
void alignFormLabels(const QList<QFormLayout *> &forms);

} // namespace sk
