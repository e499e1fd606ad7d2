#pragma once

#include <QWidget>

class QLabel;

namespace sk {

// A one-line (wrapping) message shown inside a form, next to what it is
// about: why the input cannot be used, or that something worked. Hidden
// while there is nothing to say, so it takes no room.
class InlineMessage : public QWidget {
    Q_OBJECT

public:
    enum class Kind { Error, Information };

    explicit InlineMessage(QWidget *parent = nullptr);

    void showError(const QString &text);
    void showInformation(const QString &text);
    void clear();
    QString text() const;
    Kind kind() const { return m_kind; }

private:
    void showMessage(Kind kind, const QString &text);
    void growDialogToFit();

    QLabel *m_icon;
    QLabel *m_text;
    Kind m_kind = Kind::Information;
};

} // namespace sk
