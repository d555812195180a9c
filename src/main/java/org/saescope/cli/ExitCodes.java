package org.saescope.cli;

import java.io.PrintWriter;
import org.saescope.tensor.BadInputException;
import picocli.CommandLine;

/**
 * The CLI's exit-code contract: 2 for bad input (a one-line message naming the file and the
 * problem), 1 for internal failures (with a stack trace, since that is a bug of ours).
 */
final class ExitCodes {
    static final int OK = 0;
    static final int INTERNAL = 1;
    static final int BAD_INPUT = 2;

    private ExitCodes() {
    }

    static int forException(Throwable t) {
        return isBadInput(t) ? BAD_INPUT : INTERNAL;
    }

    static boolean isBadInput(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof BadInputException || c instanceof CommandLine.ParameterException) {
                return true;
            }
        }
        return false;
    }

    static final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult pr) {
            PrintWriter err = cl.getErr();
            if (isBadInput(ex)) {
                Throwable c = ex;
                while (!(c instanceof BadInputException) && c.getCause() != null) {
                    c = c.getCause();
                }
                err.println("saescope: " + c.getMessage());
                err.flush();
                return BAD_INPUT;
            }
            err.println("saescope: internal error: " + ex);
            ex.printStackTrace(err);
            err.flush();
            return INTERNAL;
        }
    }
}
