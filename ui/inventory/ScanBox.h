#pragma once

#include <QLineEdit>

namespace sk {

// A line edit for a barcode scanner (a keyboard wedge types the code fast,
// then Enter) or a typed code: Enter hands the code over with scanned() and
// empties the box for the next one. Enter never reaches the dialog's default
// button, so a scan cannot post a document by accident.
class ScanBox : public QLineEdit {
    Q_OBJECT

public:
    explicit ScanBox(QWidget *parent = nullptr);

signals:
    void scanned(const QString &code);

protected:
    void keyPressEvent(QKeyEvent *event) override;
};

} // namespace sk
