#include "inventory/ScanBox.h"

#include <QKeyEvent>

using namespace Qt::StringLiterals;

namespace sk {

ScanBox::ScanBox(QWidget *parent) : QLineEdit(parent)
{
    setObjectName(u"scanBox"_s);
    setPlaceholderText(tr("Scan or type a barcode or SKU, then Enter"));
    setClearButtonEnabled(true);
}

void ScanBox::keyPressEvent(QKeyEvent *event)
{
    if ((event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter)
        && !(event->modifiers() & Qt::ControlModifier)) {
        event->accept();
        const QString code = text().trimmed();
        clear();
        if (!code.isEmpty())
            emit scanned(code);
        return;
    }
    QLineEdit::keyPressEvent(event);
}

} // namespace sk
