#include "common/ErrorMessageBox.h"

#include <QMessageBox>

using namespace Qt::StringLiterals;

namespace sk {

QMessageBox *showErrorMessage(QWidget *parent, const QString &title, const Error &error)
{
    // Failures the user can fix are warnings; defects and an unreachable
    // database are critical.
    const bool critical = error.code == ErrorCode::Internal || error.code == ErrorCode::Database
                          || error.code == ErrorCode::Unavailable || error.code == ErrorCode::SchemaTooNew;
    auto *box = new QMessageBox(critical ? QMessageBox::Critical : QMessageBox::Warning, title, error.message,
                                QMessageBox::Ok, parent);
    box->setObjectName(u"errorMessageBox"_s);
    box->setAttribute(Qt::WA_DeleteOnClose);
    if (!error.details.isEmpty())
        box->setDetailedText(error.details);
    box->open();
    return box;
}

} // namespace sk
