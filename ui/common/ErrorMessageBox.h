#pragma once

#include "core/Error.h"

class QMessageBox;
class QWidget;

namespace sk {

// Shows a service's failure over `parent`, window-modal and without blocking:
// the error's sentence as the text, its technical details (driver message,
// SQL state) behind "Show Details...". The box deletes itself when closed.
QMessageBox *showErrorMessage(QWidget *parent, const QString &title, const Error &error);

} // namespace sk
