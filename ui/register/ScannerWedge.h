#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

class QWidget;

namespace sk {

// Recognises a barcode scanner that is a keyboard wedge: printable keys
// arriving within a few milliseconds of each other and ending in Enter.
// Watches the whole application while its page is visible (an event filter
// on the page alone would not see keys sent to the page's children), but
// only keys meant for a widget on the page. The page's own scan box is left
// alone: it takes Enter itself.
//
// Keys typed on a widget that does not edit text are held back: a burst
// followed by Enter becomes scanned(); anything slower is a person typing and
// is handed over with typed() (the page puts it in its scan box). In a text
// field the keys go where they were meant to, and a fast burst ending in
// Enter is taken back out of the field and scanned.
class ScannerWedge : public QObject {
    Q_OBJECT

public:
    // A key later than this after the previous one starts a new burst.
    static constexpr int kMaxKeyGapMs = 30;
    static constexpr int kMinCodeLength = 3;

    ScannerWedge(QWidget *page, QWidget *scanBox);

    // Starts and stops watching (the page calls these on show and hide).
    void setActive(bool active);
    bool isActive() const { return m_active; }

signals:
    void scanned(const QString &code);
    void typed(const QString &text);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    bool belongsToPage(QObject *watched) const;
    void flushTyped();

    QWidget *m_page;
    QPointer<QWidget> m_scanBox;
    QPointer<QWidget> m_target;
    QString m_burst;
    bool m_holdingBack = false;
    QElapsedTimer m_sinceLastKey;
    QTimer m_flush;
    bool m_active = false;
};

} // namespace sk
