#include "PasswordInput.h"

#include "CommandLine.h"

#include <csignal>
#include <cstdio>
#include <iostream>
#include <string>
#include <termios.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace sk::cli {

namespace {

// The terminal's settings while echo is off, so that Ctrl+C during the prompt
// does not leave the user's shell without echo.
struct termios g_savedTerminal;

extern "C" void restoreTerminalAndDie(int signalNumber)
{
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &g_savedTerminal);
    std::signal(signalNumber, SIG_DFL);
    std::raise(signalNumber);
}

} // namespace

std::optional<QString> PasswordInput::readLine()
{
    std::string line;
    if (!std::getline(std::cin, line))
        return std::nullopt;
    if (!line.empty() && line.back() == '\r')
        line.pop_back();
    return QString::fromLocal8Bit(QByteArrayView(line.data(), qsizetype(line.size())));
}

std::optional<QString> PasswordInput::promptWithoutEcho(const QString &prompt)
{
    const QByteArray text = prompt.toLocal8Bit();
    std::fputs(text.constData(), stderr);
    std::fflush(stderr);

    const bool canSilence = ::tcgetattr(STDIN_FILENO, &g_savedTerminal) == 0;
    if (canSilence) {
        struct termios silent = g_savedTerminal;
        silent.c_lflag &= ~tcflag_t(ECHO);
        silent.c_lflag |= ECHONL;
        std::signal(SIGINT, restoreTerminalAndDie);
        std::signal(SIGTERM, restoreTerminalAndDie);
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent);
    }
    std::optional<QString> line = readLine();
    if (canSilence) {
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &g_savedTerminal);
        std::signal(SIGINT, SIG_DFL);
        std::signal(SIGTERM, SIG_DFL);
    }
    return line;
}

PasswordInput::Reading PasswordInput::readNewPassword(const QString &forWhom)
{
    if (!stdinIsTerminal()) {
        std::optional<QString> line = readLine();
        if (!line)
            return {Outcome::NoInput, {}};
        return {Outcome::Read, *line};
    }
    std::optional<QString> first = promptWithoutEcho(tr("New password for %1: ").arg(forWhom));
    if (!first)
        return {Outcome::NoInput, {}};
    std::optional<QString> second = promptWithoutEcho(tr("Type it again: "));
    if (!second)
        return {Outcome::NoInput, {}};
    if (*first != *second)
        return {Outcome::Mismatch, {}};
    return {Outcome::Read, *first};
}

} // namespace sk::cli
