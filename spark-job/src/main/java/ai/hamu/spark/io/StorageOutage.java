package ai.hamu.spark.io;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Set;
import org.apache.hadoop.hdfs.BlockMissingException;
import org.apache.hadoop.ipc.RemoteException;
import org.apache.hadoop.ipc.RetriableException;
import org.apache.hadoop.ipc.StandbyException;

/**
 * Recognises a failure of the storage rather than of its content: an unreachable or timed-out file
 * system, a block no datanode can serve, a name node in standby or safe mode. Such a failure says
 * nothing about the inputs, so a command reports it as a failure to retry (exit 1), never as
 * invalid input (exit 2), even when it surfaced while a file was being read.
 */
public final class StorageOutage {

  /** Server-side exceptions that Hadoop's RPC delivers wrapped, by class name. */
  private static final Set<String> REMOTE =
      Set.of(
          StandbyException.class.getName(),
          RetriableException.class.getName(),
          "org.apache.hadoop.hdfs.server.namenode.SafeModeException");

  private StorageOutage() {}

  /** Whether {@code t} or any of its causes is a storage outage. */
  public static boolean in(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof ConnectException
          || c instanceof SocketTimeoutException
          || c instanceof UnknownHostException
          || c instanceof NoRouteToHostException
          || c instanceof BlockMissingException
          || c instanceof RetriableException
          || c instanceof StandbyException
          || c instanceof RemoteException r && REMOTE.contains(r.getClassName())) {
        return true;
      }
    }
    return false;
  }
}
